content of files-globs/test/t.js
