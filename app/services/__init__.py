"""Services layer: the use cases, called by the GUI and the command line alike. No Qt."""
