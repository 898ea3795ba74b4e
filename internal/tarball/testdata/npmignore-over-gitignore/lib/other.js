content of npmignore-over-gitignore/lib/other.js
