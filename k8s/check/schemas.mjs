// Validates each rendered object against the OpenAPI schema of its kind: Kubernetes' own
// (kubernetes-models) and the custom resources' (CloudNativePG, cert-manager, Prometheus
// Operator, External Secrets), generated from their CRDs. An object of a kind we hold no
// schema for is an error, not a pass.
import { describe } from "./render.mjs";

const packages = {
  "postgresql.cnpg.io": "@kubernetes-models/cloudnative-pg",
  "cert-manager.io": "@kubernetes-models/cert-manager",
  "monitoring.coreos.com": "@kubernetes-models/prometheus-operator",
  "external-secrets.io": "@kubernetes-models/external-secrets",
};

async function modelOf(apiVersion, kind) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  const pkg = packages[group];
  const module = pkg
    ? `${pkg}/${group}/${version}/${kind}`
    : `kubernetes-models/${group ? group + "/" : ""}${version}/${kind}`;
  try {
    return (await import(module))[kind];
  } catch (e) {
    if (e.code === "ERR_MODULE_NOT_FOUND" || e.code === "ERR_PACKAGE_PATH_NOT_EXPORTED") return undefined;
    throw e;
  }
}

/** @returns {Promise<string[]>} one line per object that does not validate */
export async function schemaErrors(objects) {
  const errors = [];
  for (const obj of objects) {
    const Model = obj.apiVersion && obj.kind ? await modelOf(obj.apiVersion, obj.kind) : undefined;
    if (!Model) {
      errors.push(`${describe(obj)}: no schema for ${obj.apiVersion} ${obj.kind}`);
      continue;
    }
    try {
      new Model(obj).validate();
    } catch (e) {
      errors.push(`${describe(obj)}: ${e.message}`);
    }
  }
  return errors;
}
