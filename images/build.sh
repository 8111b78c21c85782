#!/usr/bin/env bash
# Builds the three service images without Docker:
#   images/build.sh
#       -> images/target/<service>.tar (docker-archive: `docker load`, `kind load image-archive`,
#          `skopeo copy docker-archive:... docker://...`) and images/target/images.txt
#          (image, digest, compressed size), each also unpacked in images/target/rootfs/ for
#          the end-to-end suite (-Drenfort.service.images). Needs Debian's docker-registry and skopeo.
#   IMAGE_REGISTRY=registry.example.org images/build.sh
#       -> pushed to that registry as registry.example.org/renfort/<service>:<version>
#          (credentials from ~/.docker/config.json), digests in images/target/images.txt.
# The base is the distroless Java runtime of images/java-runtime.py (built first).
set -euo pipefail
cd "$(dirname "$0")/.."
services=(capacity-service transfer-service gateway)
out=images/target
mkdir -p "$out"

echo "[images] base: distroless Java runtime"
python3 images/java-runtime.py "$out/java-runtime.tar"

registry="${IMAGE_REGISTRY:-}"
insecure=false
if [[ -z "$registry" ]]; then
  for tool in docker-registry skopeo; do
    command -v "$tool" >/dev/null || { echo "[images] $tool not found: apt-get install docker-registry skopeo (or set IMAGE_REGISTRY)"; exit 1; }
  done
  rm -rf "$out/registry"
  docker-registry serve images/registry.yml > "$out/registry.log" 2>&1 &
  registry_pid=$!
  trap 'kill $registry_pid 2>/dev/null || true' EXIT
  for _ in $(seq 50); do curl -sf http://127.0.0.1:5000/v2/ >/dev/null && break; sleep 0.2; done
  registry=127.0.0.1:5000
  insecure=true
fi

echo "[images] Jib: ${services[*]} -> $registry"
./mvnw -B -ntp -q package -Pimages -DskipTests -DskipITs -am -pl "$(IFS=,; echo "${services[*]}")" \
  -Dquarkus.container-image.registry="$registry" -Dquarkus.container-image.insecure="$insecure"

version=$(./mvnw -B -ntp -q help:evaluate -Dexpression=project.version -DforceStdout)
: > "$out/images.txt"
for service in "${services[@]}"; do
  image="$registry/renfort/$service:$version"
  digest=$(cat "$service/target/jib-image.digest")
  size=$(skopeo inspect --tls-verify="$([[ $insecure == true ]] && echo false || echo true)" --raw "docker://$image" \
    | python3 -c 'import sys,json; print(round(sum(l["size"] for l in json.load(sys.stdin)["layers"]) / 2**20, 1))')
  if [[ $insecure == true ]]; then
    rm -f "$out/$service.tar"
    skopeo copy -q --src-tls-verify=false "docker://$image" "docker-archive:$out/$service.tar:renfort/$service:$version"
    python3 images/unpack.py "$out/$service.tar" "$out/rootfs/$service"
  fi
  printf '%s@%s  %s MiB compressed\n' "renfort/$service:$version" "$digest" "$size" | tee -a "$out/images.txt"
done
