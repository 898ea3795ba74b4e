content of files-globs/src/index.ts
