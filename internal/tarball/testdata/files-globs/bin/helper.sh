content of files-globs/bin/helper.sh
