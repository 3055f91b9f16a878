"""The replay: portals served on 127.0.0.1 in their real shapes, for the demo and the tests."""
