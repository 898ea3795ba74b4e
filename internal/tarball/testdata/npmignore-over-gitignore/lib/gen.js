content of npmignore-over-gitignore/lib/gen.js
