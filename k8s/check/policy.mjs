// The deployment policy, checked on the rendered objects of an overlay. Each rule returns
// the violations it finds; an empty list means the overlay may ship.
import { describe } from "./render.mjs";

const kinds = (objects, kind) => objects.filter((o) => o.kind === kind);

function selects(selector, labels) {
  if (!selector) return false;
  const { matchLabels = {}, matchExpressions = [] } = selector;
  const byLabels = Object.entries(matchLabels).every(([k, v]) => labels?.[k] === v);
  const byExpressions = matchExpressions.every(({ key, operator, values = [] }) => {
    const has = labels && key in labels;
    switch (operator) {
      case "In": return has && values.includes(labels[key]);
      case "NotIn": return !has || !values.includes(labels[key]);
      case "Exists": return has;
      case "DoesNotExist": return !has;
      default: return false;
    }
  });
  return byLabels && byExpressions;
}
// CloudNativePG labels its instance pods cnpg.io/cluster=<name>.
const podLabels = (workload) =>
  workload.kind === "Cluster" ? { "cnpg.io/cluster": workload.metadata.name } : workload.spec?.template?.metadata?.labels;
const selectsEverything = (selector) =>
  !selector || (!Object.keys(selector.matchLabels ?? {}).length && !(selector.matchExpressions ?? []).length);

/** Every Deployment: probes, requests and limits, a hardened security context, >= 2 replicas. */
export function workloadRules(objects) {
  const violations = [];
  for (const d of kinds(objects, "Deployment")) {
    const pod = d.spec?.template?.spec ?? {};
    const name = describe(d);
    if (!(d.spec?.replicas >= 2)) violations.push(`${name}: fewer than 2 replicas`);
    const podSc = pod.securityContext ?? {};
    if (podSc.runAsNonRoot !== true) violations.push(`${name}: pod securityContext.runAsNonRoot is not true`);
    if (podSc.seccompProfile?.type !== "RuntimeDefault")
      violations.push(`${name}: pod seccompProfile is not RuntimeDefault`);
    if (pod.automountServiceAccountToken !== false)
      violations.push(`${name}: mounts a Kubernetes API token it does not need`);
    const init = new Set((pod.initContainers ?? []).map((c) => c.name));
    for (const c of [...(pod.initContainers ?? []), ...(pod.containers ?? [])]) {
      const where = `${name} container ${c.name}`;
      // Init containers run to completion before the pod starts: Kubernetes refuses probes there.
      for (const probe of init.has(c.name) ? [] : ["startupProbe", "livenessProbe", "readinessProbe"]) {
        if (!c[probe]) violations.push(`${where}: no ${probe}`);
      }
      for (const part of ["requests", "limits"]) {
        for (const resource of ["cpu", "memory"]) {
          if (!c.resources?.[part]?.[resource]) violations.push(`${where}: no ${resource} ${part}`);
        }
      }
      const sc = c.securityContext ?? {};
      if (sc.readOnlyRootFilesystem !== true) violations.push(`${where}: root filesystem not read-only`);
      if (sc.allowPrivilegeEscalation !== false) violations.push(`${where}: privilege escalation allowed`);
      if (!(sc.capabilities?.drop ?? []).includes("ALL")) violations.push(`${where}: capabilities not all dropped`);
      if (sc.privileged) violations.push(`${where}: privileged`);
      if (!c.image || /:latest$/.test(c.image) || !/[:@]/.test(c.image.split("/").pop()))
        violations.push(`${where}: image ${c.image} is not pinned to a tag or digest`);
      for (const e of c.env ?? []) {
        if (/PASSWORD|SECRET|TOKEN|KEY$/i.test(e.name) && e.value !== undefined && !/_FILE$/.test(e.name))
          violations.push(`${where}: ${e.name} is a literal, not a secret reference`);
      }
    }
  }
  return violations;
}

/** Deny by default, and every workload's pods selected by a policy written for them. */
export function networkRules(objects) {
  const violations = [];
  const policies = kinds(objects, "NetworkPolicy");
  const denyAll = policies.find(
    (p) =>
      selectsEverything(p.spec?.podSelector) &&
      ["Ingress", "Egress"].every((t) => (p.spec?.policyTypes ?? []).includes(t)) &&
      !(p.spec?.ingress ?? []).length &&
      !(p.spec?.egress ?? []).length,
  );
  if (!denyAll) violations.push("no default-deny NetworkPolicy (empty podSelector, Ingress and Egress, no rule)");
  const specific = policies.filter((p) => !selectsEverything(p.spec?.podSelector));
  const workloads = [...kinds(objects, "Deployment"), ...kinds(objects, "Cluster")];
  for (const w of workloads) {
    const covering = specific.filter((p) => selects(p.spec.podSelector, podLabels(w)));
    if (!covering.length) violations.push(`${describe(w)}: no NetworkPolicy selects its pods`);
    for (const type of ["Ingress", "Egress"]) {
      if (!covering.some((p) => (p.spec.policyTypes ?? []).includes(type)))
        violations.push(`${describe(w)}: no ${type} policy of its own`);
    }
  }
  for (const p of specific) {
    if (!workloads.some((w) => selects(p.spec.podSelector, podLabels(w))))
      violations.push(`${describe(p)}: selects no pod of this deployment`);
  }
  return violations;
}

/** Every Service reaches pods; nothing secret is rendered into manifests. */
export function wiringRules(objects) {
  const violations = [];
  const pods = kinds(objects, "Deployment").map((d) => d.spec?.template?.metadata?.labels ?? {});
  for (const s of kinds(objects, "Service")) {
    if (!pods.some((labels) => selects({ matchLabels: s.spec?.selector ?? { none: "" } }, labels)))
      violations.push(`${describe(s)}: selects no pod`);
  }
  for (const s of kinds(objects, "Secret")) violations.push(`${describe(s)}: secrets are referenced, never committed`);
  return violations;
}

/**
 * Least privilege in PostgreSQL: a Renfort service's serving container connects as a role that
 * owns nothing, so it never holds the secret of a role that owns a database (those run the
 * migrations, in an init container).
 */
export function databaseRules(objects) {
  const violations = [];
  const ownerSecrets = new Set();
  for (const c of kinds(objects, "Cluster")) {
    const initdb = c.spec?.bootstrap?.initdb;
    if (initdb?.secret?.name) ownerSecrets.add(initdb.secret.name);
    const owners = new Set(kinds(objects, "Database").filter((d) => d.spec?.cluster?.name === c.metadata.name).map((d) => d.spec.owner));
    for (const role of c.spec?.managed?.roles ?? []) {
      if (owners.has(role.name) && role.passwordSecret?.name) ownerSecrets.add(role.passwordSecret.name);
    }
  }
  for (const d of kinds(objects, "Deployment")) {
    if (d.metadata.labels?.["app.kubernetes.io/component"] !== "service") continue;
    for (const c of d.spec?.template?.spec?.containers ?? []) {
      const secrets = [...(c.env ?? []).map((e) => e.valueFrom?.secretKeyRef?.name),
        ...(c.envFrom ?? []).map((e) => e.secretRef?.name)].filter(Boolean);
      for (const secret of new Set(secrets)) {
        if (ownerSecrets.has(secret))
          violations.push(`${describe(d)} container ${c.name}: runs with ${secret}, the secret of a database owner`);
      }
    }
  }
  return violations;
}

/** Production: survives a node loss and a drain, backs up, scales. */
export function productionRules(objects) {
  const violations = [];
  for (const d of kinds(objects, "Deployment")) {
    const labels = d.spec.template.metadata.labels;
    if (!kinds(objects, "PodDisruptionBudget").some((p) => selects(p.spec?.selector, labels)))
      violations.push(`${describe(d)}: no PodDisruptionBudget`);
    const spread = d.spec.template.spec.topologySpreadConstraints ?? [];
    if (!spread.some((c) => c.topologyKey === "kubernetes.io/hostname" && c.whenUnsatisfiable === "DoNotSchedule"))
      violations.push(`${describe(d)}: replicas may share a node`);
    if (d.metadata.labels?.["app.kubernetes.io/component"] === "service" &&
        !kinds(objects, "HorizontalPodAutoscaler").some((h) => h.spec?.scaleTargetRef?.name === d.metadata.name))
      violations.push(`${describe(d)}: no HorizontalPodAutoscaler`);
  }
  for (const c of kinds(objects, "Cluster")) {
    if (!(c.spec?.instances >= 3)) violations.push(`${describe(c)}: fewer than 3 PostgreSQL instances`);
    if (!c.spec?.backup) violations.push(`${describe(c)}: no backup configured`);
  }
  if (!kinds(objects, "ScheduledBackup").length) violations.push("no ScheduledBackup");
  return violations;
}

export function violations(objects, { production }) {
  return [
    ...workloadRules(objects),
    ...networkRules(objects),
    ...wiringRules(objects),
    ...databaseRules(objects),
    ...(production ? productionRules(objects) : []),
  ];
}
