encrypt_archive = true
