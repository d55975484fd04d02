"""govcx: a customer-experience platform for government agencies."""
