content of files-globs/lib/sub/c.ts
