// placeholder, replaced by the live module
