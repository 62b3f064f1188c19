#!/usr/bin/env bash
# Back up the portal: the PostgreSQL database (pg_dump, custom format) and the media folder (tar), into
# BACKUP_DIR, one pair per run, named by the moment (UTC); pairs older than BACKUP_KEEP_DAYS days are removed.
#
#   deploy/backup.sh                      (systemd: portal-backup.timer, every night)
#
# Reads DATABASE_URL, MEDIA_ROOT, BACKUP_DIR (default /var/backups/bewonersportaal) and BACKUP_KEEP_DAYS
# (default 14) from the environment (the service's EnvironmentFile). Needs pg_dump of the server's major
# version or newer. Copy BACKUP_DIR to another machine as well: a backup on the same disk is no backup.
# Restore: deploy/restore.sh.
set -euo pipefail

: "${DATABASE_URL:?DATABASE_URL is not set}"
: "${MEDIA_ROOT:?MEDIA_ROOT is not set}"
backup_dir="${BACKUP_DIR:-/var/backups/bewonersportaal}"
keep_days="${BACKUP_KEEP_DAYS:-14}"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
# libpq understands postgres:// and postgresql://, not Django's other spellings.
database_url="${DATABASE_URL/#pgsql:\/\//postgres://}"

mkdir -p "$backup_dir"
umask 077

# The database first: every file a row refers to is then in the media archive made after it.
pg_dump --format=custom --no-owner --no-privileges --file "$backup_dir/portal-$stamp.dump.partial" "$database_url"
mv "$backup_dir/portal-$stamp.dump.partial" "$backup_dir/portal-$stamp.dump"

media_parent="$(dirname "$MEDIA_ROOT")"
media_name="$(basename "$MEDIA_ROOT")"
if [ -d "$MEDIA_ROOT" ]; then
  tar --create --gzip --file "$backup_dir/media-$stamp.tar.gz.partial" --directory "$media_parent" "$media_name"
else
  tar --create --gzip --file "$backup_dir/media-$stamp.tar.gz.partial" --files-from /dev/null
fi
mv "$backup_dir/media-$stamp.tar.gz.partial" "$backup_dir/media-$stamp.tar.gz"

find "$backup_dir" -maxdepth 1 -type f \( -name 'portal-*.dump' -o -name 'media-*.tar.gz' \) \
  -mtime "+$keep_days" -delete
echo "Backup written: $backup_dir/portal-$stamp.dump and $backup_dir/media-$stamp.tar.gz"
