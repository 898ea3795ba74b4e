content of files-folders/other/o.js
