package com.acme.shop

class MainActivity : AppCompatActivity() {
    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        title = getString(R.string.app_title)
        greeting.text = getString(R.string.welcome, user.name)
        checkoutButton.text = getString(R.string.checkout)
    }
}
