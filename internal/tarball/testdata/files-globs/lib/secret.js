content of files-globs/lib/secret.js
