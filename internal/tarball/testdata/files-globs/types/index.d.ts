content of files-globs/types/index.d.ts
