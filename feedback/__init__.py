"""Readers' ratings of public pages: the Designers Italia "Quanto sono chiare le informazioni su
questa pagina?" block, its answers stored and counted for the back office."""
