def _build_tamper_check():
    raise NotImplementedError
