// The production realm (k8s/base/realm) against the demo realm (keycloak/): the same roles
// and token claims, so the services cannot tell them apart, and none of the demo's shortcuts.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { k8sRoot } from "../render.mjs";

const load = (p) => JSON.parse(readFileSync(path.join(k8sRoot, p), "utf8"));
const production = load("base/realm/renfort-realm.json");
const demo = load("../keycloak/renfort-realm.json");

test("no users (the service accounts' roles only), no password grant, no secret in the file", () => {
  const clients = new Set(production.clients.filter((c) => c.serviceAccountsEnabled).map((c) => c.clientId));
  for (const user of production.users ?? []) {
    assert.ok(clients.has(user.serviceAccountClientId), `${user.username} is a person, not a service account`);
    assert.deepEqual(Object.keys(user).sort(), ["enabled", "realmRoles", "serviceAccountClientId", "username"]);
  }
  for (const client of production.clients) {
    assert.equal(client.directAccessGrantsEnabled, false, `${client.clientId} allows the password grant`);
    if (client.publicClient === false && client.serviceAccountsEnabled !== true)
      assert.fail(`${client.clientId} is confidential without a service account: a secret to manage for nothing`);
    if ("secret" in client) assert.match(client.secret, /^\$\{[A-Z_]+\}$/, `${client.clientId} has a literal secret`);
    for (const uri of client.redirectUris ?? [])
      assert.ok(!/^http:\/\/(?!localhost|127\.0\.0\.1)/.test(uri), `${client.clientId} redirects to plain http ${uri}`);
  }
  assert.ok(!production.clients.some((c) => c.clientId.startsWith("system-")), "demo hospital systems are registered per hospital");
});

test("login protections stay on", () => {
  assert.equal(production.bruteForceProtected, true);
  assert.notEqual(production.sslRequired, "none");
  assert.equal(production.registrationAllowed, false);
  assert.ok(production.accessTokenLifespan <= 300);
});

test("the same roles, user profile and token claims as the demo realm the tests run on", () => {
  const roles = (r) => r.roles.realm.map((x) => x.name).sort();
  assert.deepEqual(roles(production), roles(demo));
  // A service account keeps the roles it has in the demo realm (transfer-service: "service").
  for (const user of production.users ?? [])
    assert.deepEqual(user, demo.users.find((u) => u.username === user.username));
  assert.deepEqual(production.components, demo.components);
  const demoClients = Object.fromEntries(demo.clients.map((c) => [c.clientId, c]));
  for (const client of production.clients) {
    assert.ok(demoClients[client.clientId], `${client.clientId} does not exist in the demo realm`);
    assert.deepEqual(client.protocolMappers, demoClients[client.clientId].protocolMappers, `${client.clientId} mappers`);
    assert.deepEqual(client.defaultClientScopes, demoClients[client.clientId].defaultClientScopes);
  }
});
