// Renders a kustomization with kubectl (offline) and parses the objects.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { parseAllDocuments } from "yaml";

export const k8sRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const overlays = ["dev", "prod"];

export function render(overlay) {
  const dir = path.join(k8sRoot, "overlays", overlay);
  const text = execFileSync("kubectl", ["kustomize", dir], { encoding: "utf8", maxBuffer: 64 << 20 });
  return parseAllDocuments(text)
    .map((doc) => {
      if (doc.errors.length) throw new Error(`${overlay}: ${doc.errors[0].message}`);
      return doc.toJS();
    })
    .filter((obj) => obj);
}

export const describe = (obj) => `${obj.kind}/${obj.metadata?.name}`;
