# perfdesk: start-menu shortcut and .perfdesk file association for the current user (no admin).
param([ValidateSet("install", "uninstall")][string]$Action = "install", [Parameter(Mandatory)][string]$Prefix)
$ErrorActionPreference = "Stop"
$programs = [Environment]::GetFolderPath("Programs")          # the user's start menu
$link = Join-Path $programs "预算绩效填报 (perfdesk).lnk"
$gui = Join-Path $Prefix "venv\Scripts\perfdesk-gui.exe"
$icon = Join-Path $Prefix "perfdesk.ico"
$classes = "HKCU:\Software\Classes"
if ($Action -eq "install") {
    $shell = New-Object -ComObject WScript.Shell
    $shortcut = $shell.CreateShortcut($link)
    $shortcut.TargetPath = $gui
    $shortcut.IconLocation = "$icon,0"
    $shortcut.Description = "离线填报、审核与打印预算绩效管理表"
    $shortcut.WorkingDirectory = [Environment]::GetFolderPath("MyDocuments")
    $shortcut.Save()
    New-Item -Path "$classes\.perfdesk" -Force | Out-Null
    Set-ItemProperty -Path "$classes\.perfdesk" -Name "(default)" -Value "perfdesk.workbook"
    New-Item -Path "$classes\perfdesk.workbook\DefaultIcon" -Force | Out-Null
    Set-ItemProperty -Path "$classes\perfdesk.workbook" -Name "(default)" -Value "预算绩效工作簿"
    Set-ItemProperty -Path "$classes\perfdesk.workbook\DefaultIcon" -Name "(default)" -Value "`"$icon`",0"
    New-Item -Path "$classes\perfdesk.workbook\shell\open\command" -Force | Out-Null
    Set-ItemProperty -Path "$classes\perfdesk.workbook\shell\open\command" -Name "(default)" -Value "`"$gui`" `"%1`""
} else {
    Remove-Item -Path $link -Force -ErrorAction SilentlyContinue
    Remove-Item -Path "$classes\perfdesk.workbook" -Recurse -Force -ErrorAction SilentlyContinue
    $ext = Get-ItemProperty -Path "$classes\.perfdesk" -ErrorAction SilentlyContinue
    if ($ext -and $ext."(default)" -eq "perfdesk.workbook") { Remove-Item -Path "$classes\.perfdesk" -Recurse -Force }
}
# tell Explorer that associations changed (SHChangeNotify SHCNE_ASSOCCHANGED)
$sig = '[DllImport("shell32.dll")] public static extern void SHChangeNotify(int e, int f, IntPtr a, IntPtr b);'
try { (Add-Type -MemberDefinition $sig -Name Notify -Namespace Perfdesk -PassThru)::SHChangeNotify(0x08000000, 0, [IntPtr]::Zero, [IntPtr]::Zero) } catch {}
