content of npmignore-nested/lib/sub/public.js
