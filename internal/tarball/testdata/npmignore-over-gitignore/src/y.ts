content of npmignore-over-gitignore/src/y.ts
