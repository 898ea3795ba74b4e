content of files-folders/dist/sub/x.js
