#!/usr/bin/env bash
# Checks the NuGet packages that `dotnet pack` wrote (scripts/test.sh packs them into artifacts/packages):
#   bash scripts/check-packages.sh [DIR]
# There must be one .nupkg for every project under src/ and none for anything else (samples, tests, benchmarks), and
# each must have a README.md at its root that its nuspec names as the readme, a licence (an expression or a file in
# the package), a project URL and a repository URL, and a .snupkg of the same id and version with a .pdb beside every
# .dll. Prints one line per package; exits 1 naming every package and what it lacks.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-artifacts/packages}
[ -d "$dir" ] || { echo "check-packages: no folder $dir (run dotnet pack first)"; exit 1; }

python3 - "$dir" src/*/*.csproj <<'EOF'
import os, re, sys, zipfile
import xml.etree.ElementTree as ET

folder, projects = sys.argv[1], sys.argv[2:]
expected = {os.path.splitext(os.path.basename(p))[0] for p in projects}
problems, seen = [], set()

def nuspec(z):
    name = next((n for n in z.namelist() if "/" not in n and n.endswith(".nuspec")), None)
    if name is None:
        return None
    root = ET.fromstring(z.read(name))
    return root.find("{*}metadata")

for file in sorted(os.listdir(folder)):
    if not file.endswith(".nupkg"):
        continue
    path = os.path.join(folder, file)
    with zipfile.ZipFile(path) as z:
        names = set(z.namelist())
        meta = nuspec(z)
        if meta is None:
            problems.append(f"{file}: no .nuspec at its root")
            continue
        text = lambda tag: (meta.findtext("{*}" + tag) or "").strip()
        pid, version = text("id"), text("version")
        seen.add(pid)
        lacks = []
        if pid not in expected:
            lacks.append("is not a project under src/ (samples, tests and benchmarks are not packable)")
        readme = text("readme")
        if "README.md" not in names:
            lacks.append("no README.md at its root")
        elif readme != "README.md":
            lacks.append(f"its nuspec names {readme or 'no'} readme, not README.md")
        lic = meta.find("{*}license")
        if lic is None or not (lic.text or "").strip():
            lacks.append("no licence in its nuspec")
        elif lic.get("type") == "file" and lic.text.strip() not in names:
            lacks.append(f"its licence file {lic.text.strip()} is not in the package")
        if not text("projectUrl"):
            lacks.append("no project URL")
        repo = meta.find("{*}repository")
        if repo is None or not repo.get("url", "").startswith("https://"):
            lacks.append("no https repository URL in its nuspec")
        dlls = sorted(n for n in names if n.startswith("lib/") and n.endswith(".dll"))
        if not dlls:
            lacks.append("no assembly under lib/")
    symbols = os.path.join(folder, f"{pid}.{version}.snupkg")
    if not os.path.exists(symbols):
        lacks.append(f"no symbol package {os.path.basename(symbols)}")
    else:
        with zipfile.ZipFile(symbols) as s:
            pdbs = set(s.namelist())
        missing = [d for d in dlls if d[:-4] + ".pdb" not in pdbs]
        if missing:
            lacks.append("no .pdb in its .snupkg for " + ", ".join(missing))
    if lacks:
        problems.append(f"{pid} {version}: " + "; ".join(lacks))
    else:
        print(f"package {pid} {version}: README, licence {lic.text.strip()}, repository {repo.get('url')}, symbols ok")

for pid in sorted(expected - seen):
    problems.append(f"{pid}: no .nupkg in {folder}")
if problems:
    print("check-packages: FAILED", file=sys.stderr)
    for p in problems:
        print("  " + p, file=sys.stderr)
    sys.exit(1)
print(f"packages: {len(seen)} checked in {folder}")
EOF
