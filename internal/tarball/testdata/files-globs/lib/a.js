content of files-globs/lib/a.js
