#!/usr/bin/env bash
# Reproduce the vendored YASGUI files of this folder from the npm registry.
# Usage: bash src/samverkan/web/static/yasgui/vendor.sh   (needs npm and node)
set -euo pipefail
PACKAGE="@zazuko/yasgui@4.6.2"
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
npm init -y >/dev/null
npm install --ignore-scripts --no-audit --no-fund "$PACKAGE" >/dev/null
cp node_modules/@zazuko/yasgui/build/yasgui.min.js node_modules/@zazuko/yasgui/build/yasgui.min.css "$here/"
# The bundle holds YASGUI's dependencies: keep every installed package's licence beside it.
node - >"$here/THIRD-PARTY-LICENSES.txt" <<'JS'
const fs = require("fs"), path = require("path");
const found = [];
const visit = (dir) => fs.readdirSync(dir).forEach((name) => {
  const where = path.join(dir, name);
  if (name.startsWith("@")) return visit(where);
  const manifest = path.join(where, "package.json");
  if (!fs.existsSync(manifest)) return;
  const pkg = JSON.parse(fs.readFileSync(manifest, "utf8"));
  const files = fs.readdirSync(where).filter((f) => /^(licen[cs]e|copying)/i.test(f)).sort();
  const texts = files.map((f) => fs.readFileSync(path.join(where, f), "utf8").trim());
  found.push([pkg.name, pkg.version, pkg.license || "licence not declared", texts]);
});
visit("node_modules");
found.sort((a, b) => a[0].localeCompare(b[0]));
const rule = "=".repeat(78);
for (const [name, version, license, texts] of found) {
  console.log(`${rule}\n${name} ${version} (${license})\n${rule}`);
  console.log(texts.length ? texts.join("\n\n") : "(no licence file in the package)");
  console.log();
}
JS
sha256sum "$here"/yasgui.min.js "$here"/yasgui.min.css
