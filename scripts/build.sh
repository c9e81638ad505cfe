#!/usr/bin/env bash
# Build the one-folder app from a clean venv and run the built executable's self-test.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf build dist .build-venv
python3 -m venv .build-venv
.build-venv/bin/pip install -q -e ".[build]"
start=$(date +%s)
.build-venv/bin/pyinstaller --noconfirm --clean build.spec
echo "build seconds: $(( $(date +%s) - start ))"
du -sh dist/leukemia-gui
QT_QPA_PLATFORM=offscreen dist/leukemia-gui/leukemia-gui --selftest
QT_QPA_PLATFORM=offscreen dist/leukemia-gui/leukemia-gui --selftest-train
(cd dist && tar czf leukemia-gui-linux.tar.gz leukemia-gui && du -sh leukemia-gui-linux.tar.gz)
