# Copyright (c) Ansible Project
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# Created with antsibull-docs 2.28.0

# This file only contains a selection of the most common options. For a full list see the
# documentation:
# http://www.sphinx-doc.org/en/master/config

project = 'usriot.m0'
copyright = 'usriot.m0 contributors'

title = 'usriot.m0 collection'
html_short_title = 'usriot.m0 collection'

# myst_parser reads the Markdown guides that the extra docs pages include.
extensions = ['sphinx.ext.autodoc', 'sphinx.ext.intersphinx', 'sphinx_antsibull_ext', 'myst_parser']

pygments_style = 'ansible'

highlight_language = 'YAML+Jinja'

html_theme = 'sphinx_ansible_theme'
html_show_sphinx = False

display_version = False

html_use_smartypants = True
html_use_modindex = False
html_use_index = False
html_copy_source = False

# See https://www.sphinx-doc.org/en/master/usage/extensions/intersphinx.html#confval-intersphinx_mapping for the syntax
# The build works offline: no intersphinx inventories are downloaded.
intersphinx_mapping = {}

default_role = 'any'

nitpicky = True

# The theme's default top bar links to the Ansible project's blog, forum and documentation: not this
# collection's. The logo leads to the collection's index.
html_theme_options = {
    'topbar_links': {},
    'documentation_home_url': 'index.html',
}
