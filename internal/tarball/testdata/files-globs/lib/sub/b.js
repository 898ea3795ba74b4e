content of files-globs/lib/sub/b.js
