content of files-globs/types/other.d.ts
