# Build the one-folder Windows app from a clean venv and run the built .exe's self-test.
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..")
Remove-Item -Recurse -Force build, dist, .build-venv -ErrorAction SilentlyContinue
py -3.11 -m venv .build-venv
.build-venv\Scripts\pip install -q -e ".[build]"
.build-venv\Scripts\pyinstaller --noconfirm --clean build.spec
# windowed exe: wait for it and check its exit code
$p = Start-Process dist\leukemia-gui\leukemia-gui.exe -ArgumentList "--selftest" -Wait -PassThru -NoNewWindow -RedirectStandardOutput selftest.json
Get-Content selftest.json
if ($p.ExitCode -ne 0) { throw "self-test failed" }
$p = Start-Process dist\leukemia-gui\leukemia-gui.exe -ArgumentList "--selftest-train" -Wait -PassThru -NoNewWindow -RedirectStandardOutput selftest-train.json
Get-Content selftest-train.json
if ($p.ExitCode -ne 0) { throw "training self-test failed" }
Compress-Archive -Path dist\leukemia-gui -DestinationPath dist\leukemia-gui-windows.zip -Force
