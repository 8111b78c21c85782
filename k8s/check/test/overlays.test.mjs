import { test } from "node:test";
import assert from "node:assert/strict";
import { render, overlays } from "../render.mjs";
import { schemaErrors } from "../schemas.mjs";
import { violations, workloadRules, networkRules, wiringRules, databaseRules, productionRules } from "../policy.mjs";

const rendered = Object.fromEntries(overlays.map((o) => [o, render(o)]));

for (const overlay of overlays) {
  test(`${overlay}: every rendered object validates against its schema`, async () => {
    assert.ok(rendered[overlay].length > 20);
    assert.deepEqual(await schemaErrors(rendered[overlay]), []);
  });
  test(`${overlay}: the deployment policy holds`, () => {
    assert.deepEqual(violations(rendered[overlay], { production: overlay === "prod" }), []);
  });
}

test("prod: every workload of the architecture is there, each with its own network policy", () => {
  const names = (kind) => rendered.prod.filter((o) => o.kind === kind).map((o) => o.metadata.name).sort();
  assert.deepEqual(names("Deployment"), ["capacity-service", "gateway", "keycloak", "transfer-service"]);
  assert.deepEqual(names("NetworkPolicy"),
    ["allow-dns", "capacity-service", "default-deny", "gateway", "keycloak", "renfort-db", "transfer-service"]);
  assert.deepEqual(names("Certificate"),
    ["capacity-service", "gateway", "keycloak", "renfort-internal-ca", "transfer-service"]);
});

test("prod: no service listens in plain text, and clients trust only the internal CA", () => {
  const config = rendered.prod.find((o) => o.kind === "ConfigMap" && o.metadata.name.startsWith("renfort-config"));
  assert.deepEqual(config.data.QUARKUS_PROFILE.split(","), ["prod", "tls"]);
  assert.match(config.data.RENFORT_OIDC_URL, /^https:/);
  for (const name of ["capacity-service", "transfer-service", "gateway", "keycloak"]) {
    const d = rendered.prod.find((o) => o.kind === "Deployment" && o.metadata.name === name);
    const c = d.spec.template.spec.containers[0];
    assert.ok(c.volumeMounts.some((m) => m.mountPath === "/etc/renfort/tls"), `${name} mounts its certificate`);
    assert.equal(d.spec.template.spec.volumes.find((v) => v.name === "tls").secret.secretName, `${name}-tls`);
    for (const probe of ["startupProbe", "livenessProbe", "readinessProbe"]) assert.equal(c[probe].httpGet.scheme, "HTTPS");
  }
});

// The checks themselves: each breaks one rule on a copy of prod and expects to hear of it.
const prod = () => structuredClone(rendered.prod);
const deployment = (objects, name) => objects.find((o) => o.kind === "Deployment" && o.metadata.name === name);
const container = (objects, name) => deployment(objects, name).spec.template.spec.containers[0];

test("a Deployment without a readiness probe is refused", () => {
  const objects = prod();
  delete container(objects, "capacity-service").readinessProbe;
  assert.deepEqual(workloadRules(objects), ["Deployment/capacity-service container capacity-service: no readinessProbe"]);
});

test("a Deployment without a memory limit is refused", () => {
  const objects = prod();
  delete container(objects, "gateway").resources.limits.memory;
  assert.deepEqual(workloadRules(objects), ["Deployment/gateway container gateway: no memory limits"]);
});

test("a writable root filesystem, an added capability or root are refused", () => {
  const objects = prod();
  container(objects, "transfer-service").securityContext.readOnlyRootFilesystem = false;
  container(objects, "transfer-service").securityContext.capabilities.drop = ["NET_RAW"];
  deployment(objects, "keycloak").spec.template.spec.securityContext.runAsNonRoot = false;
  assert.deepEqual(workloadRules(objects).sort(), [
    "Deployment/keycloak: pod securityContext.runAsNonRoot is not true",
    "Deployment/transfer-service container transfer-service: capabilities not all dropped",
    "Deployment/transfer-service container transfer-service: root filesystem not read-only",
  ]);
});

test("an init container is held to the same security context and limits", () => {
  const objects = prod();
  const init = deployment(objects, "keycloak").spec.template.spec.initContainers[0];
  delete init.securityContext;
  delete init.resources.limits;
  assert.deepEqual(workloadRules(objects).sort(), [
    "Deployment/keycloak container writable-build: capabilities not all dropped",
    "Deployment/keycloak container writable-build: no cpu limits",
    "Deployment/keycloak container writable-build: no memory limits",
    "Deployment/keycloak container writable-build: privilege escalation allowed",
    "Deployment/keycloak container writable-build: root filesystem not read-only",
  ]);
});

test("a single replica, a literal password and an unpinned image are refused", () => {
  const objects = prod();
  deployment(objects, "gateway").spec.replicas = 1;
  container(objects, "gateway").env.push({ name: "RENFORT_DB_PASSWORD", value: "hunter2" });
  container(objects, "gateway").image = "renfort/gateway:latest";
  assert.deepEqual(workloadRules(objects).sort(), [
    "Deployment/gateway container gateway: RENFORT_DB_PASSWORD is a literal, not a secret reference",
    "Deployment/gateway container gateway: image renfort/gateway:latest is not pinned to a tag or digest",
    "Deployment/gateway: fewer than 2 replicas",
  ]);
});

test("a workload no network policy selects is refused, and so is a missing default deny", () => {
  const objects = prod().filter((o) => !(o.kind === "NetworkPolicy" && ["transfer-service", "default-deny"].includes(o.metadata.name)));
  assert.deepEqual(networkRules(objects), [
    "no default-deny NetworkPolicy (empty podSelector, Ingress and Egress, no rule)",
    "Deployment/transfer-service: no NetworkPolicy selects its pods",
    "Deployment/transfer-service: no Ingress policy of its own",
    "Deployment/transfer-service: no Egress policy of its own",
  ]);
});

test("a network policy whose selector matches nothing (a typo) is refused", () => {
  const objects = prod();
  objects.find((o) => o.kind === "NetworkPolicy" && o.metadata.name === "gateway")
    .spec.podSelector.matchLabels["app.kubernetes.io/name"] = "gatewy";
  assert.deepEqual(networkRules(objects), [
    "Deployment/gateway: no NetworkPolicy selects its pods",
    "Deployment/gateway: no Ingress policy of its own",
    "Deployment/gateway: no Egress policy of its own",
    "NetworkPolicy/gateway: selects no pod of this deployment",
  ]);
});

test("a committed Secret and a Service selecting nothing are refused", () => {
  const objects = prod();
  objects.push({ apiVersion: "v1", kind: "Secret", metadata: { name: "renfort-db-capacity" }, stringData: { password: "x" } });
  objects.find((o) => o.kind === "Service" && o.metadata.name === "keycloak").spec.selector["app.kubernetes.io/name"] = "kc";
  assert.deepEqual(wiringRules(objects), [
    "Service/keycloak: selects no pod",
    "Secret/renfort-db-capacity: secrets are referenced, never committed",
  ]);
});

test("a service running with a database owner's secret is refused", () => {
  const objects = prod();
  const transfer = objects.find((o) => o.kind === "Deployment" && o.metadata.name === "transfer-service");
  const password = transfer.spec.template.spec.containers[0].env.find((e) => e.name === "RENFORT_DB_PASSWORD");
  password.valueFrom.secretKeyRef.name = "renfort-db-transfer";
  assert.deepEqual(databaseRules(prod()), []);
  assert.deepEqual(databaseRules(objects), [
    "Deployment/transfer-service container transfer-service: runs with renfort-db-transfer, the secret of a database owner",
  ]);
});

test("production without three PostgreSQL instances, backups or budgets is refused", () => {
  const objects = prod().filter((o) => !["ScheduledBackup", "PodDisruptionBudget"].includes(o.kind));
  const cluster = objects.find((o) => o.kind === "Cluster");
  cluster.spec.instances = 1;
  delete cluster.spec.backup;
  const found = productionRules(objects);
  assert.ok(found.includes("Cluster/renfort-db: fewer than 3 PostgreSQL instances"));
  assert.ok(found.includes("Cluster/renfort-db: no backup configured"));
  assert.ok(found.includes("no ScheduledBackup"));
  assert.ok(found.includes("Deployment/keycloak: no PodDisruptionBudget"));
});

test("schema validation catches a wrongly typed field and a kind it has no schema for", async () => {
  const objects = prod();
  container(objects, "gateway").ports[0].containerPort = "http";
  objects.find((o) => o.kind === "Cluster").spec.instances = "three";
  objects.push({ apiVersion: "example.org/v1", kind: "Widget", metadata: { name: "w" } });
  const errors = (await schemaErrors(objects)).sort();
  assert.equal(errors.length, 3, errors.join("\n"));
  assert.match(errors[0], /^Cluster\/renfort-db: .*instances must be integer/);
  assert.match(errors[1], /^Deployment\/gateway: .*containerPort must be integer/);
  assert.match(errors[2], /^Widget\/w: no schema for example.org\/v1 Widget/);
});
