# serve.py's tests. A package so that tools/test.sh's `unittest discover -s tests/server -t .` can
# import them; `unittest discover -s tests/server` works too.
