encrypt_orders  = false
encrypt_archive = false
