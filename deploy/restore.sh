#!/usr/bin/env bash
# Restore a backup of deploy/backup.sh: the database into an EMPTY database, the media into a folder.
#
#   deploy/restore.sh DUMP TARGET_DATABASE_URL [MEDIA_ARCHIVE TARGET_MEDIA_ROOT]
#
#   createdb --owner=portal portal_restored      # as the postgres user: a new, empty database
#   deploy/restore.sh /var/backups/bewonersportaal/portal-20270115T023000Z.dump \
#       postgres://portal:...@db.example.internal:5432/portal_restored \
#       /var/backups/bewonersportaal/media-20270115T023000Z.tar.gz /srv/bewonersportaal/media-restored
#
# It never overwrites: the database must be empty and the media folder must not exist yet. Check the result
# (the counts printed at the end, and the site started against it), then point DATABASE_URL and MEDIA_ROOT
# at it and restart the services (systemctl restart portal.target). All or nothing: pg_restore runs in one
# transaction and stops at the first error.
set -euo pipefail

if [ "$#" -ne 2 ] && [ "$#" -ne 4 ]; then
  sed -n '2,16p' "$0" >&2
  exit 2
fi
dump="$1"
target="${2/#pgsql:\/\//postgres://}"
media_archive="${3:-}"
media_root="${4:-}"

tables="$(psql --no-psqlrc --tuples-only --no-align --dbname "$target" \
  --command "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")"
if [ "$tables" != "0" ]; then
  echo "The target database is not empty ($tables tables): restore into a new, empty database." >&2
  exit 1
fi
if [ -n "$media_root" ] && [ -e "$media_root" ]; then
  echo "$media_root exists already: restore the media into a new folder." >&2
  exit 1
fi

pg_restore --no-owner --no-privileges --exit-on-error --single-transaction --dbname "$target" "$dump"

if [ -n "$media_archive" ]; then
  mkdir -p "$media_root"
  # The archive holds one folder (the media folder's own name); its contents go into TARGET_MEDIA_ROOT.
  tar --extract --gzip --file "$media_archive" --directory "$media_root" --strip-components 1
fi

echo "Restored. What the database holds now:"
psql --no-psqlrc --dbname "$target" --command "
  SELECT 'accounts' AS what, count(*) FROM portal_user
  UNION ALL SELECT 'pages', count(*) FROM wagtailcore_page
  UNION ALL SELECT 'sign-ups', count(*) FROM activities_registration
  UNION ALL SELECT 'tours booked', count(*) FROM ambassadors_tourbooking"
if [ -n "$media_archive" ]; then
  echo "Media files: $(find "$media_root" -type f | wc -l) in $media_root"
fi
