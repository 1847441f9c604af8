#!/usr/bin/env bash
# End-to-end check of the documented headless server setup: a Secret Service
# (gnome-keyring-daemon) in a private D-Bus session, a throwaway HOME, and the real CLI.
# Needs the Debian packages gnome-keyring and dbus. Usage: scripts/keyring-smoke.sh
set -euo pipefail
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export HOME=$work
inner=$(cat <<'SH'
set -e
printf '%s' unlock-pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null
python -c 'import keyring; print(keyring.get_keyring())'
vp-tui --db "$HOME/vp.db" init --name 'Anna de Vries' --initials ADV --gender v
VP_TUI_RECOVERY_PASSPHRASE='lange wachtzin' vp-tui --db "$HOME/vp.db" key export-recovery "$HOME/herstel.json"
vp-tui --db "$HOME/vp.db" key rotate
vp-tui --db "$HOME/vp.db" backup "$HOME/b.db"
SH
)
dbus-run-session -- sh -c "$inner"
echo "--- daemon restarted, the key is still there:"
dbus-run-session -- sh -c "printf '%s' unlock-pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null; vp-tui --db \"\$HOME/vp.db\" backup --verify \"\$HOME/b.db\""
echo "--- without D-Bus vp-tui refuses with one line:"
if env -u DBUS_SESSION_BUS_ADDRESS vp-tui --db "$HOME/vp.db" backup --verify "$HOME/b.db"; then
  echo "unexpected success" >&2; exit 1
fi
echo "keyring smoke test passed"
