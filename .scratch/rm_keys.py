import sys; sys.path.insert(0, '.scratch')
from catalog import *
for lang in ['en','de','fr']:
    remove(f'tabs/src/i18n/messages-{lang}.ts', sys.argv[1:])
