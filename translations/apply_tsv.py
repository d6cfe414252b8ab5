#!/usr/bin/env python3
"""Fill a Linguist .ts file from tab-separated translations.

    python3 translations/apply_tsv.py translations/hookscope_zh_CN.ts zh.tsv [more.tsv ...]

Each TSV line is `context<TAB>source<TAB>translation`, with newlines in the
source and translation written as \\n. A message is filled when its context and
source match a line; messages already translated are left alone unless
--overwrite is given. Plural messages (%n) get the one form Chinese has.
Prints the lines that matched nothing and the messages still unfinished; the
exit status is 1 when any are left. Run the update_translations target first
(so the .ts knows every string), and again afterwards to tidy the file.
"""
import argparse
import sys
import xml.etree.ElementTree as ET


def unescape(text):
    return text.replace('\\n', '\n').replace('\\t', '\t')


def read_tsv(paths):
    table = {}
    for path in paths:
        with open(path, encoding='utf-8') as f:
            for number, line in enumerate(f, 1):
                line = line.rstrip('\n')
                if not line.strip() or line.startswith('#'):
                    continue
                parts = line.split('\t')
                if len(parts) != 3:
                    sys.exit(f'{path}:{number}: expected 3 tab-separated fields, got {len(parts)}')
                context, source, translation = parts
                table[(context, unescape(source))] = unescape(translation)
    return table


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[1])
    parser.add_argument('ts')
    parser.add_argument('tsv', nargs='+')
    parser.add_argument('--overwrite', action='store_true', help='replace finished translations too')
    args = parser.parse_args()

    table = read_tsv(args.tsv)
    tree = ET.parse(args.ts)
    used = set()
    left = []
    filled = 0
    for context in tree.getroot().iter('context'):
        name = context.findtext('name')
        for message in context.iter('message'):
            source = message.findtext('source')
            translation = message.find('translation')
            done = translation.get('type') is None and (translation.text or translation.find('numerusform') is not None)
            key = (name, source)
            if key in table and (args.overwrite or not done):
                text = table[key]
                for child in list(translation):
                    translation.remove(child)
                if message.get('numerus') == 'yes':
                    translation.text = None
                    form = ET.SubElement(translation, 'numerusform')
                    form.text = text
                else:
                    translation.text = text
                translation.attrib.pop('type', None)
                filled += 1
                done = True
            if key in table:
                used.add(key)
            if translation.get('type') in ('vanished', 'obsolete'):
                left.append(f'{name}: {source!r} is {translation.get("type")}')
            elif not done:
                left.append(f'{name}: {source!r} is untranslated')
    with open(args.ts, 'wb') as f:
        f.write(b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n')
        tree.write(f, encoding='utf-8', xml_declaration=False)
    for key in sorted(set(table) - used):
        print(f'not in {args.ts}: {key[0]}: {key[1]!r}', file=sys.stderr)
    for line in left:
        print(line, file=sys.stderr)
    print(f'{filled} filled, {len(left)} left', file=sys.stderr)
    return 1 if left else 0


if __name__ == '__main__':
    sys.exit(main())
