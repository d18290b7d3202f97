@echo off
rem perfdesk offline install (Windows): no administrator rights, no network.
rem   install.bat            install or upgrade in place (settings, forms and recent files are kept)
rem   install.bat uninstall  remove the program (settings, forms and workbooks are kept)
rem Installs into %LOCALAPPDATA%\Programs\perfdesk; start-menu shortcut and .perfdesk association
rem for the current user only (HKCU).
chcp 65001 >nul
setlocal EnableExtensions EnableDelayedExpansion
set "KIT=%~dp0"
if "%KIT:~-1%"=="\" set "KIT=%KIT:~0,-1%"
set "PREFIX=%LOCALAPPDATA%\Programs\perfdesk"
if defined PERFDESK_PREFIX set "PREFIX=%PERFDESK_PREFIX%"
set "VENV=%PREFIX%\venv"
set "PLAT=@WIN_PLATFORM@"
set "PYTHONS=@PYTHONS@"
set "PIP_WHEEL=%KIT%\wheels\any\@PIP_WHEEL@"
set "SHORTCUTS=%KIT%\windows\perfdesk-shortcuts.ps1"

if /i "%~1"=="uninstall" goto uninstall
if not "%~1"=="" if /i not "%~1"=="install" (
  echo 用法：install.bat [install^|uninstall]
  exit /b 2
)

if not exist "%KIT%\wheels\%PLAT%" (
  echo 错误：本安装包不含 Windows 所需的文件。请用 --platform win_amd64 重新制作安装包。
  exit /b 1
)
set "PY="
set "TAG="
for %%V in (%PYTHONS%) do if not defined PY call :try_python %%V
if not defined PY (
  echo 错误：找不到可用的 Python（本安装包支持：%PYTHONS%）。
  echo 请先安装 python.org 的 Windows 安装程序（“仅为我安装”，无需管理员权限），然后重新运行本程序。
  if exist "%KIT%\python" echo 安装包的 python 文件夹中带有安装程序。
  exit /b 1
)
echo 使用 %PY%（%TAG%），安装到 %PREFIX%
if exist "%VENV%\Scripts\python.exe" (
  "%VENV%\Scripts\python.exe" -c "import sys; sys.exit(0 if 'cp%%d%%d' %% sys.version_info[:2] == '%TAG%' else 1)" || rmdir /s /q "%VENV%"
)
if not exist "%PREFIX%" mkdir "%PREFIX%"
if not exist "%VENV%\Scripts\python.exe" (
  %PY% -m venv --without-pip "%VENV%" || (echo 错误：无法创建 Python 虚拟环境。& exit /b 1)
)
rem perfdesk first: a kit rebuilt with an unchanged version number would count as "already satisfied"
"%VENV%\Scripts\python.exe" "%PIP_WHEEL%\pip" uninstall --isolated --disable-pip-version-check -y -q perfdesk >nul 2>&1
"%VENV%\Scripts\python.exe" "%PIP_WHEEL%\pip" install --isolated --no-index --disable-pip-version-check --no-warn-script-location --upgrade --require-hashes --find-links "%KIT%\wheels\any" --find-links "%KIT%\wheels\%PLAT%" -r "%KIT%\wheels\%PLAT%\requirements-%TAG%.txt"
if errorlevel 1 (
  echo 错误：安装失败（见上面的信息）。
  exit /b 1
)
copy /y "%KIT%\windows\perfdesk.ico" "%PREFIX%\perfdesk.ico" >nul
powershell -NoProfile -ExecutionPolicy Bypass -File "%SHORTCUTS%" -Action install -Prefix "%PREFIX%"
if errorlevel 1 echo 提示：未能创建开始菜单快捷方式或文件关联。
"%VENV%\Scripts\perfdesk.exe" demo --list >nul || (echo 错误：安装后的程序无法运行。& exit /b 1)
echo perfdesk 已安装。在开始菜单中找“预算绩效填报”，双击 .perfdesk 文件也会用它打开。
exit /b 0

:try_python
rem %1 is cp311, cp312 …; the py launcher first, then python on PATH
set "V=%~1"
set "DOTTED=%V:~2,1%.%V:~3%"
if not exist "%KIT%\wheels\%PLAT%\requirements-%V%.txt" exit /b 0
py -%DOTTED% -c "import sys" >nul 2>&1 && (set "PY=py -%DOTTED%" & set "TAG=%V%" & exit /b 0)
for /f "delims=" %%T in ('python -c "import sys; print('cp%%d%%d' %% sys.version_info[:2])" 2^>nul') do (
  if "%%T"=="%V%" (set "PY=python" & set "TAG=%V%")
)
exit /b 0

:uninstall
powershell -NoProfile -ExecutionPolicy Bypass -File "%SHORTCUTS%" -Action uninstall -Prefix "%PREFIX%"
if exist "%VENV%" rmdir /s /q "%VENV%"
if exist "%PREFIX%\perfdesk.ico" del /q "%PREFIX%\perfdesk.ico"
rmdir "%PREFIX%" 2>nul
echo perfdesk 已卸载。您的设置、自定义表样和工作簿文件都已保留。
exit /b 0
