; Inno Setup script for the enrollment kiosk on Windows (the same PyInstaller one-folder bundle).
; NOT built or tested in CI - see README "Windows". Build on Windows after
; `python kiosk/scripts/build_bundle.py --self-test`:
;   iscc /DAppVersion=0.1.0 build\windows\enrollment-kiosk.iss
; Silent install pushed by Intune/SCCM/a script, with IT's machine-wide settings:
;   enrollment-kiosk-setup-0.1.0.exe /VERYSILENT /SUPPRESSMSGBOXES /NORESTART /SP- /LOG=C:\Windows\Temp\kiosk-setup.log /CONFIG=\\server\share\kiosk.toml
; /CONFIG=path copies that file to %PROGRAMDATA%\enrollment-kiosk\kiosk.toml (it wins over the
; per-user settings key by key; the app never rewrites it). Uninstalling keeps patient data
; (%LOCALAPPDATA%\enrollment-kiosk of the kiosk account) and the machine-wide settings.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif

[Setup]
AppId={{5C8B7E0A-3C52-4F39-9C5B-2E9A8D1F4B61}
AppName=Enrollment Kiosk
AppVersion={#AppVersion}
AppPublisher=Enrollment kiosk IT
DefaultDirName={autopf}\Enrollment Kiosk
DefaultGroupName=Enrollment Kiosk
DisableProgramGroupPage=yes
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist
OutputBaseFilename=enrollment-kiosk-setup-{#AppVersion}
Compression=lzma2/max
SolidCompression=yes
SetupIconFile=
UninstallDisplayIcon={app}\kiosk.exe
WizardStyle=modern

[Files]
Source: "..\..\dist\kiosk\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Dirs]
; Machine-wide settings folder: administrators write, everyone (the kiosk account) reads.
Name: "{commonappdata}\enrollment-kiosk"; Permissions: users-readexec admins-full system-full

[Icons]
Name: "{group}\Enrollment Kiosk"; Filename: "{app}\kiosk.exe"; Parameters: "run"
Name: "{group}\Enrollment Kiosk (locked kiosk mode)"; Filename: "{app}\kiosk.exe"; Parameters: "run --kiosk"

[Code]
{ /CONFIG=path: copy IT's settings file to the machine-wide location. A path that does not
  exist fails the install with a clear message rather than installing half-configured. }
function ConfigParam(): String;
begin
  Result := ExpandConstant('{param:CONFIG|}');
end;

function InitializeSetup(): Boolean;
begin
  Result := True;
  if (ConfigParam() <> '') and (not FileExists(ConfigParam())) then
  begin
    SuppressibleMsgBox('The settings file given with /CONFIG was not found: ' + ConfigParam(),
      mbCriticalError, MB_OK, IDOK);
    Result := False;
  end;
end;

procedure CurStepChanged(CurStep: TSetupStep);
var
  Target: String;
begin
  if (CurStep = ssPostInstall) and (ConfigParam() <> '') then
  begin
    Target := ExpandConstant('{commonappdata}\enrollment-kiosk\kiosk.toml');
    if not FileCopy(ConfigParam(), Target, False) then
      Log('Could not copy ' + ConfigParam() + ' to ' + Target)
    else
      Log('Machine-wide settings installed at ' + Target);
  end;
end;
