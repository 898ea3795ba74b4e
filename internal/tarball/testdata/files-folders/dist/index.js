content of files-folders/dist/index.js
