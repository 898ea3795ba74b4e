# Convenience targets; scripts/test.sh is the source of truth.
.PHONY: test verdaccio

test:
	scripts/test.sh

verdaccio:
	scripts/install-verdaccio.sh
