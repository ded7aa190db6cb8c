# A controller Python without pyserial, for the in_worker target: importing it fails as a missing package does.
raise ImportError('No module named serial')
