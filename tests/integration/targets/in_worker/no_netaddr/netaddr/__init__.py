# A controller Python without netaddr, for the in_worker target: importing it fails as a missing package does.
raise ImportError('No module named netaddr')
