"""Reading input: files, directories, URLs, WARC archives and metadata sidecars, as articles."""
