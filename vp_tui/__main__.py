from vp_tui.cli import main

main()
