content of files-folders/src/b/c.ts
