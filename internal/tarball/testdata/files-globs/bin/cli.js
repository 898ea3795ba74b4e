content of files-globs/bin/cli.js
