; Watchfloor installer: packs the PyInstaller folder dist\watchfloor (made on Windows by `make freeze`,
; i.e. packaging\watchfloor.spec) into one setup program.
;
;   makensis /DVERSION=0.1.0 packaging\windows\watchfloor.nsi
;
; Optional defines: /DDIST_DIR=<frozen folder>  /DOUTFILE=<setup.exe>  /DVERSION_QUAD=1.2.3.0 (Windows' four-number
; file version, needed when VERSION is not plain X.Y.Z). Take VERSION from the package, as the spec does:
;   python -c "import console; print(console.__version__)"
;
; Per-machine (Program Files, needs an administrator) or per-user (%LOCALAPPDATA%\Programs, no rights needed):
; an administrator is asked which; a non-administrator gets a per-user install. Silent installs: /S with
; /AllUsers or /CurrentUser, and /D=<folder> to choose the folder. The settings and the embedded database in the
; user's profile (%LOCALAPPDATA%\watchfloor) are the user's data: the uninstaller leaves them.

Unicode true
ManifestDPIAware true
SetCompressor /SOLID lzma

!ifndef VERSION
  !error "Give the version: makensis /DVERSION=1.2.3 watchfloor.nsi"
!endif
!define /ifndef VERSION_QUAD "${VERSION}.0"
!define /ifndef DIST_DIR "..\..\dist\watchfloor"
!define /ifndef OUTFILE "..\..\dist\Watchfloor-${VERSION}-setup.exe"

!define APP_NAME "Watchfloor"
!define APP_EXE "watchfloor.exe"
!define CLI_EXE "watchfloor-cli.exe"
!define PUBLISHER "Watchfloor"
!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\Watchfloor"
!define SETTINGS_KEY "Software\Watchfloor\Installer"

Name "${APP_NAME} ${VERSION}"
OutFile "${OUTFILE}"
BrandingText "${APP_NAME} ${VERSION}"

VIProductVersion "${VERSION_QUAD}"
VIFileVersion "${VERSION_QUAD}"
VIAddVersionKey /LANG=0 "ProductName" "${APP_NAME}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileDescription" "${APP_NAME} ${VERSION} setup"
VIAddVersionKey /LANG=0 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=0 "LegalCopyright" "Proprietary"

; Per-user or per-machine (NSIS's MultiUser.nsh). The choice is remembered for upgrades and the uninstaller.
!define MULTIUSER_EXECUTIONLEVEL Highest
!define MULTIUSER_MUI
!define MULTIUSER_INSTALLMODE_COMMANDLINE
!define MULTIUSER_INSTALLMODE_INSTDIR "${APP_NAME}"
!define MULTIUSER_INSTALLMODE_INSTDIR_REGISTRY_KEY "${SETTINGS_KEY}"
!define MULTIUSER_INSTALLMODE_INSTDIR_REGISTRY_VALUENAME "InstallDir"
!define MULTIUSER_INSTALLMODE_DEFAULT_REGISTRY_KEY "${SETTINGS_KEY}"
!define MULTIUSER_INSTALLMODE_DEFAULT_REGISTRY_VALUENAME "InstallMode"
!define MULTIUSER_USE_PROGRAMFILES64
!include MultiUser.nsh
!include MUI2.nsh
!include FileFunc.nsh
!include LogicLib.nsh
!include x64.nsh

!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\${APP_EXE}"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MULTIUSER_PAGE_INSTALLMODE
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

; The console speaks English and Simplified Chinese; so does its installer (picked from the Windows language).
!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_LANGUAGE "SimpChinese"

LangString SC_CONSOLE ${LANG_ENGLISH} "Watchfloor"
LangString SC_CONSOLE ${LANG_SIMPCHINESE} "Watchfloor 控制台"
LangString SC_WALL ${LANG_ENGLISH} "Watchfloor wall screen"
LangString SC_WALL ${LANG_SIMPCHINESE} "Watchfloor 大屏"
LangString NEEDS_X64 ${LANG_ENGLISH} "Watchfloor needs 64-bit Windows."
LangString NEEDS_X64 ${LANG_SIMPCHINESE} "Watchfloor 需要 64 位 Windows。"

Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_OK|MB_ICONSTOP "$(NEEDS_X64)" /SD IDOK
    Abort
  ${EndIf}
  SetRegView 64
  !insertmacro MULTIUSER_INIT
FunctionEnd

Function un.onInit
  SetRegView 64
  !insertmacro MULTIUSER_UNINIT
FunctionEnd

Section "Watchfloor" SecMain
  SectionIn RO
  SetOutPath "$INSTDIR"
  ; An upgrade replaces the bundle whole: no library of the previous version may linger beside the new ones.
  RMDir /r "$INSTDIR\_internal"
  File /r "${DIST_DIR}\*"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateDirectory "$SMPROGRAMS\${APP_NAME}"
  CreateShortCut "$SMPROGRAMS\${APP_NAME}\$(SC_CONSOLE).lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0
  CreateShortCut "$SMPROGRAMS\${APP_NAME}\$(SC_WALL).lnk" "$INSTDIR\${APP_EXE}" "--wall" "$INSTDIR\${APP_EXE}" 0

  ; Remembered for the next install (mode, folder) and for Settings > Apps (the uninstall entry).
  WriteRegStr SHCTX "${SETTINGS_KEY}" "InstallMode" "$MultiUser.InstallMode"
  WriteRegStr SHCTX "${SETTINGS_KEY}" "InstallDir" "$INSTDIR"
  WriteRegStr SHCTX "${UNINST_KEY}" "DisplayName" "${APP_NAME}"
  WriteRegStr SHCTX "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr SHCTX "${UNINST_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr SHCTX "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\${APP_EXE},0"
  WriteRegStr SHCTX "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr SHCTX "${UNINST_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe" /$MultiUser.InstallMode'
  WriteRegStr SHCTX "${UNINST_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /$MultiUser.InstallMode /S'
  WriteRegDWORD SHCTX "${UNINST_KEY}" "NoModify" 1
  WriteRegDWORD SHCTX "${UNINST_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD SHCTX "${UNINST_KEY}" "EstimatedSize" "$0"
SectionEnd

Section "Uninstall"
  Delete "$SMPROGRAMS\${APP_NAME}\*.lnk"
  RMDir "$SMPROGRAMS\${APP_NAME}"

  ; Only what the installer put there: never RMDir /r "$INSTDIR" (it may be a folder the user chose).
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${APP_EXE}"
  Delete "$INSTDIR\${CLI_EXE}"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"

  DeleteRegKey SHCTX "${UNINST_KEY}"
  DeleteRegKey SHCTX "${SETTINGS_KEY}"
  DeleteRegKey /ifempty SHCTX "Software\Watchfloor"
SectionEnd
