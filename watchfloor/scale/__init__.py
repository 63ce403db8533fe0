"""Scale-out: a corpus read on a Dask cluster (local or existing), stored by the client in batches.

`watchfloor read CORPUS --workers N | --scheduler tcp://HOST:8786`; corpus.py plans the partitions and loads
them on the workers, cluster.py connects and installs the reader on every worker, run.py reads and stores.
"""
