content of files-folders/dist/test/t.js
