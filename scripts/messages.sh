#!/usr/bin/env bash
# Regenerate the portal's translation catalogues from the source and compile them.
#
#   scripts/messages.sh          (from any directory; safe to rerun at any time)
#
# Run it after adding or changing a string marked for translation, fill in the new
# English in locale/en/LC_MESSAGES/django.po, and run it again. Commit the .po and
# the .mo files: the .mo files are committed so no gettext is needed at run time.
#
# What it does
#
# 1. `makemessages` extracts every string marked for translation in the portal's own
#    Python and templates (not .venv, bench, tests, staticfiles or media) into
#    locale/nl/LC_MESSAGES/django.po and locale/en/LC_MESSAGES/django.po. Existing
#    translations are kept (msgmerge); strings no longer in the source are dropped
#    (--no-obsolete). Our msgids are Dutch: in nl the msgstr stays empty (Django then
#    shows the msgid), in en it holds the English.
#
# 2. Overrides of third-party strings. The project's catalogue takes precedence over
#    those of installed apps, so we use it to give django-allauth and Django's
#    password validators formal Dutch ("u/uw", "inloggen", "inlogcode",
#    "tweestapsverificatie"), and a few allauth strings the portal's English words
#    ("log in", "login code", "two-step verification"). Those msgids are not in our source, so makemessages
#    would drop them from django.po on every run. They are therefore kept by hand in
#    locale/<lang>/overrides.po -- outside LC_MESSAGES, so neither makemessages nor
#    compilemessages ever touches that file -- and merged into django.po here with
#        msgcat --use-first locale/<lang>/overrides.po <generated django.po>
#    When a msgid is in both files (allauth's English msgids that also appear in our
#    copies of allauth's templates, like "Confirm"), overrides.po wins. The header
#    also comes from overrides.po, so django.po (and the .mo) only change when a
#    string changes, not on every run. The next run drops the merged-in entries
#    again (step 1) and merges them back (step 2), so reruns give the same files.
#    => Edit third-party translations in overrides.po, never in django.po; edit the
#       translations of our own strings in django.po as usual.
#
# 3. `compilemessages` compiles the project's locale/ only (never the catalogues
#    of the packages in .venv).
set -euo pipefail

cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-.venv/bin/python}"
export DJANGO_SETTINGS_MODULE=config.settings.dev
LANGS=(nl en)

for cmd in msgfmt msgmerge msgcat xgettext; do
    command -v "$cmd" >/dev/null || { echo "GNU gettext is needed: $cmd not found" >&2; exit 1; }
done

# makemessages writes into an existing locale/<lang>/LC_MESSAGES only.
for lang in "${LANGS[@]}"; do
    mkdir -p "locale/$lang/LC_MESSAGES"
done

# Keep a copy of each catalogue: when a rerun changes nothing, the old file (and its
# mtime, so compilemessages skips it) is put back.
snapshot="$(mktemp -d)"
trap 'rm -rf "$snapshot"' EXIT
for lang in "${LANGS[@]}"; do
    if [[ -f "locale/$lang/LC_MESSAGES/django.po" ]]; then
        cp -p "locale/$lang/LC_MESSAGES/django.po" "$snapshot/$lang.po"
    fi
done

# 1. Extract (domain "django"; the portal has no JavaScript that needs "djangojs").
"$PYTHON" manage.py makemessages \
    --domain=django \
    --locale=nl --locale=en \
    --ignore='.venv/*' --ignore='.git/*' --ignore='bench/*' --ignore='tests/*' \
    --ignore='staticfiles/*' --ignore='media/*' --ignore='htmlcov/*' \
    --add-location=file \
    --no-obsolete

# 2. Merge the hand-kept overrides of third-party strings into the generated catalogue.
for lang in "${LANGS[@]}"; do
    overrides="locale/$lang/overrides.po"
    catalogue="locale/$lang/LC_MESSAGES/django.po"
    if [[ $lang == nl ]]; then
        # Our msgids are Dutch, so a Dutch msgstr in the generated part can only be a
        # "fuzzy" guess by msgmerge (e.g. "E-mail:" guessed from allauth's "Email").
        # Drop those guesses: the msgid itself is the Dutch text.
        msgattrib --clear-fuzzy --empty --clear-previous --output-file="$snapshot/cleared.po" "$catalogue"
        cat "$snapshot/cleared.po" >"$catalogue"
    fi
    if [[ -f "$overrides" ]]; then
        msgfmt --check --output-file=/dev/null "$overrides"
        msgcat --use-first --add-location=file --output-file="$snapshot/merged.po" "$overrides" "$catalogue"
        cat "$snapshot/merged.po" >"$catalogue"
    fi
    if [[ -f "$snapshot/$lang.po" ]] && cmp -s "$snapshot/$lang.po" "$catalogue"; then
        cp -p "$snapshot/$lang.po" "$catalogue"
    fi
done

# 3. Compile locale/ only: everything under .venv etc. is skipped.
"$PYTHON" manage.py compilemessages \
    --ignore='.venv/*' --ignore='.git/*' --ignore='node_modules/*' \
    --ignore='staticfiles/*' --ignore='media/*'

# What is left to translate: in en every Dutch msgid needs English. (allauth's English
# msgids in our copies of its templates may stay empty: their English is the msgid.)
for lang in "${LANGS[@]}"; do
    printf '%s: ' "$lang"
    msgfmt --statistics --output-file=/dev/null "locale/$lang/LC_MESSAGES/django.po" 2>&1
done
fuzzy="$(grep -c '^#, fuzzy' locale/en/LC_MESSAGES/django.po || true)"
if [[ $fuzzy -gt 0 ]]; then
    echo "en: $fuzzy fuzzy entries (msgmerge's guesses, not used until checked):"
    echo "    translate them in locale/en/LC_MESSAGES/django.po, remove the '#, fuzzy' line, rerun."
fi
