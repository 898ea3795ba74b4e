content of files-folders/src/a.ts
